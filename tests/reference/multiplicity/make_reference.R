# Reference values for il2kit.multiplicity.adjust_pvalues, computed with base R's p.adjust.
# R is used only to produce these numbers; neither the kit nor its tests need it.
#
# Run from the repository root:
#   Rscript tests/reference/multiplicity/make_reference.R
# It rewrites p_adjust.json next to this script (see tests/reference/README_multiplicity.md).
suppressPackageStartupMessages(library(jsonlite))

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(script)) dirname(normalizePath(script)) else "tests/reference/multiplicity"

set.seed(1130)
vectors <- list(
  mcdermott_two = c(0.001, 0.040),
  mcdermott_ten = c(0.001, 0.040, rep(0.5, 8)),
  single = c(0.03),
  ties = c(0.01, 0.01, 0.02, 0.04, 0.04, 0.2),
  zeros_and_ones = c(0, 1, 0.5, 0, 0.049, 1),
  textbook = c(0.01, 0.04, 0.03, 0.005, 0.5, 0.2, 0.8, 0.06),
  uniform_20 = runif(20),
  small_30 = rbeta(30, 0.3, 4)
)
methods <- c(bonferroni = "bonferroni", holm = "holm", hochberg = "hochberg",
             "benjamini-hochberg" = "BH")
cases <- lapply(names(vectors), function(name) {
  p <- vectors[[name]]
  list(name = name, pvalues = p,
       adjusted = lapply(methods, function(m) p.adjust(p, method = m)))
})
write_json(list(provenance = list(r_version = R.version.string,
                                  script = "tests/reference/multiplicity/make_reference.R"),
                cases = cases),
           file.path(out_dir, "p_adjust.json"), digits = NA, auto_unbox = FALSE, pretty = TRUE)
cat("wrote", length(cases), "vectors to", out_dir, "\n")
