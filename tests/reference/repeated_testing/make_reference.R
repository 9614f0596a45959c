# Reference values for il2kit.sequential.repeated_testing_error: the chance that a trial tested
# at the unadjusted level at every look crosses at least once under the null hypothesis,
# computed with R's rpact (getGroupSequentialProbabilities with a constant boundary). R is used
# only to produce these numbers; neither the kit nor its tests need it.
#
# Run from the repository root:
#   Rscript tests/reference/repeated_testing/make_reference.R
# It rewrites repeated_testing.json next to this script (about 2 s).
suppressPackageStartupMessages({
  library(rpact)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(script)) dirname(normalizePath(script)) else "tests/reference/repeated_testing"

provenance <- list(
  r_version = R.version.string,
  rpact_version = as.character(packageVersion("rpact")),
  script = "tests/reference/repeated_testing/make_reference.R"
)

spacings <- c(as.list(1:20), list(c(0.3, 1), c(0.25, 0.6, 1), c(0.2, 0.4, 0.5, 0.9, 1)))
levels <- list(list(alpha = 0.05, alternative = "two-sided"),
               list(alpha = 0.01, alternative = "two-sided"),
               list(alpha = 0.025, alternative = "greater"))

cases <- list()
for (sp in spacings) {
  for (lv in levels) {
    rates <- if (length(sp) == 1) seq_len(sp) / sp else sp
    k <- length(rates)
    two <- lv$alternative == "two-sided"
    crit <- qnorm(1 - if (two) lv$alpha / 2 else lv$alpha)
    lower <- if (two) rep(-crit, k) else rep(-Inf, k)
    p <- getGroupSequentialProbabilities(rbind(lower, rep(crit, k)), rates)
    # rows: P(below the lower boundary at look k), P(below the upper boundary at look k),
    # P(reaching look k); the trial never crosses with probability row 2 - row 1 at look K.
    never <- p[2, k] - p[1, k]
    cases[[length(cases) + 1]] <- list(
      looks = if (length(sp) == 1) sp else NULL,
      information_rates = rates,
      alpha = lv$alpha,
      alternative = lv$alternative,
      error = 1 - never
    )
  }
}

write_json(list(provenance = provenance, cases = cases),
           file.path(out_dir, "repeated_testing.json"), auto_unbox = TRUE, digits = NA,
           pretty = TRUE, null = "null")
