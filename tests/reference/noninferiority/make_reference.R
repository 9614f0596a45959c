# Reference values for il2kit.noninferiority, computed with R's rpact and base R. R is used only
# to produce these numbers; neither the kit nor its tests need it.
#
# Run from the repository root:
#   Rscript tests/reference/noninferiority/make_reference.R
# It rewrites noninferiority.json next to this script. tests/reference/README_noninferiority.md
# explains every value and every tolerance.
suppressPackageStartupMessages({
  library(rpact)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(script)) dirname(normalizePath(script)) else "tests/reference/noninferiority"

provenance <- list(
  r_version = R.version.string,
  rpact_version = as.character(packageVersion("rpact")),
  script = "tests/reference/noninferiority/make_reference.R"
)

# ------------------------------------------------------------------ the test
# Arm a (group 1 in rpact) is the new regimen; H0: p_a - p_b <= -margin.
design <- getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1)

# Restricted ML rate of arm a under p_a - p_b = -margin, by direct numerical maximisation of
# the binomial log-likelihood (independent of Farrington & Manning's closed form).
restricted_optim <- function(xa, na, xb, nb, margin) {
  loglik <- function(pa) {
    pb <- pa + margin
    dbinom(xa, na, pa, log = TRUE) + dbinom(xb, nb, pb, log = TRUE)
  }
  optimize(loglik, c(0, 1 - margin), maximum = TRUE, tol = 1e-12)$maximum
}

tables <- list(
  c(9, 91, 22, 95, 0.10),     # McDermott 2005: SC IL-2 + IFN vs HD IL-2
  c(9, 91, 22, 95, 0.15),
  c(9, 91, 22, 95, 0.20),
  c(20, 150, 33, 156, 0.10),  # about Yang 2003's LD vs HD IV rates (13% vs 21%)
  c(20, 150, 33, 156, 0.05),
  c(33, 156, 33, 156, 0.10),
  c(40, 100, 38, 100, 0.10),
  c(85, 100, 65, 100, 0.10),
  c(0, 20, 3, 20, 0.10),
  c(0, 20, 0, 20, 0.10),
  c(20, 20, 20, 20, 0.10),
  c(1, 10, 9, 10, 0.25),
  c(5, 12, 4, 30, 0.05),
  c(30, 60, 30, 45, 0.12),
  c(2, 200, 1, 50, 0.02),
  c(150, 300, 160, 300, 0.05),
  c(7, 40, 12, 41, 0.20),
  c(49, 50, 50, 50, 0.05),
  c(12, 71, 3, 28, 0.10),     # Atkins 1993 arms, roles as data
  c(8, 51, 9, 77, 0.08),
  c(14, 52, 22, 50, 0.30),
  c(3, 25, 10, 25, 0.01),
  c(60, 80, 55, 70, 0.15),
  c(17, 120, 25, 130, 0.10)
)
test_cases <- lapply(tables, function(tb) {
  xa <- tb[1]; na <- tb[2]; xb <- tb[3]; nb <- tb[4]; margin <- tb[5]
  ds <- getDataset(n1 = na, n2 = nb, events1 = xa, events2 = xb)
  st <- suppressMessages(getStageResults(design, ds, thetaH0 = -margin))
  pa <- xa / na; pb <- xb / nb
  se_wald <- sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
  list(responders_a = xa, n_a = na, responders_b = xb, n_b = nb, margin = margin,
       fm_statistic = st$testStatistics[1], fm_pvalue = st$pValues[1],
       restricted_rate_a_optim = restricted_optim(xa, na, xb, nb, margin),
       wald_statistic = if (se_wald > 0) (pa - pb + margin) / se_wald else NA)
})

# Farrington-Manning z at margin 0 is the signed root of Pearson's chi-squared statistic.
pearson <- lapply(tables[c(1, 4, 7, 12, 13, 19)], function(tb) {
  pt <- suppressWarnings(prop.test(c(tb[1], tb[3]), c(tb[2], tb[4]), correct = FALSE))
  list(responders_a = tb[1], n_a = tb[2], responders_b = tb[3], n_b = tb[4],
       chi_squared = unname(pt$statistic))
})

# ------------------------------------------------------------------ sample size
# TrialSize::TwoSampleProportion.NIS (Chow, Shao & Wang 2008, section 4.2), typed here from its
# documented formula: n2 = (z_alpha + z_beta)^2 (p1 (1 - p1) / k + p2 (1 - p2)) /
# (delta - margin)^2 with delta = p1 - p2 and the (negative) margin; k = n1 / n2 = 1.
trialsize_nis <- function(alpha, beta, p1, p2, k, delta, margin) {
  (qnorm(1 - alpha) + qnorm(1 - beta))^2 * (p1 * (1 - p1) / k + p2 * (1 - p2)) /
    (delta - margin)^2
}

plans <- list()
for (pp in list(c(0.13, 0.21), c(0.21, 0.21), c(0.85, 0.65), c(0.20, 0.25), c(0.5, 0.5),
                c(0.10, 0.12), c(0.30, 0.20), c(0.70, 0.75), c(0.05, 0.05), c(0.90, 0.85))) {
  for (setting in list(c(0.10, 0.025, 0.8), c(0.15, 0.05, 0.9), c(0.08, 0.025, 0.9))) {
    pa <- pp[1]; pb <- pp[2]
    margin <- setting[1]; alpha <- setting[2]; power <- setting[3]
    if (pa - pb + margin <= 1e-9) next
    s <- suppressMessages(getSampleSizeRates(pi1 = pa, pi2 = pb, thetaH0 = -margin,
                                             alpha = alpha, beta = 1 - power, sided = 1))
    plans[[length(plans) + 1]] <- list(
      rate_a = pa, rate_b = pb, margin = margin, alpha = alpha, power = power,
      n_fm_rpact = s$nFixed1,
      n_normal_trialsize = trialsize_nis(alpha, 1 - power, pa, pb, 1, pa - pb, -margin))
  }
}

write_json(list(provenance = provenance, tests = test_cases, pearson = pearson,
                sample_sizes = plans),
           file.path(out_dir, "noninferiority.json"), digits = NA, auto_unbox = TRUE,
           pretty = TRUE, na = "null")
cat("wrote", length(test_cases), "tests and", length(plans), "sample sizes to", out_dir, "\n")
