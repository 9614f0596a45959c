# Reference values for the functions added with lessons 08-10 (il2kit.rates.coverage,
# il2kit.design.power_curve). Run: Rscript tests/reference/lessons_08_10/make_reference.R
# (needs r-base-core, r-cran-pwr, r-cran-jsonlite); writes the JSON files beside this script.
library(jsonlite)
library(pwr)
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))

# Exact coverage: sum over every result x of dbinom(x, n, p) when x's interval contains p.
limits <- function(x, n, method, level = 0.95) {
  if (method == "exact") return(binom.test(x, n, conf.level = level)$conf.int[1:2])
  if (method == "wilson") {
    return(suppressWarnings(prop.test(x, n, conf.level = level, correct = FALSE)$conf.int[1:2]))
  }
  p <- x / n
  half <- qnorm(1 - (1 - level) / 2) * sqrt(p * (1 - p) / n)
  c(p - half, p + half)  # Wald, unclipped
}
cases <- list()
for (n in c(10, 40, 100)) {
  for (method in c("exact", "wilson", "wald")) {
    ci <- t(sapply(0:n, limits, n = n, method = method))
    for (p in c(0.01, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.77, 0.95)) {
      inside <- ci[, 1] <= p & p <= ci[, 2]
      cases[[length(cases) + 1]] <- list(n = n, method = method, true_rate = p,
                                         coverage = sum(dbinom(0:n, n, p) * inside))
    }
  }
}
provenance <- list(r_version = R.version.string, script = "tests/reference/lessons_08_10/make_reference.R")
write_json(list(provenance = provenance, cases = cases),
           file.path(here, "coverage_r.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)

# Power of a two-arm comparison of response rates over a range of patients per arm.
curves <- list()
for (rates in list(c(0.15, 0.20), c(0.20, 0.30), c(0.30, 0.15))) {
  for (alpha in c(0.05, 0.01)) {
    for (n in c(5, 10, 50, 120, 500, 906, 1500)) {
      normal <- power.prop.test(n = n, p1 = rates[1], p2 = rates[2], sig.level = alpha)$power
      h <- ES.h(rates[1], rates[2])
      arcsine <- pwr.2p.test(h = h, n = n, sig.level = alpha)$power
      curves[[length(curves) + 1]] <- list(rate_a = rates[1], rate_b = rates[2], alpha = alpha,
                                           n = n, power_normal = normal, power_arcsine = arcsine)
    }
  }
}
provenance$pwr_version <- as.character(packageVersion("pwr"))
write_json(list(provenance = provenance, cases = curves),
           file.path(here, "power_curve_r.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
