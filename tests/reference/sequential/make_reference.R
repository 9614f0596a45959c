# Reference values for il2kit.sequential (group-sequential boundaries, exit probabilities,
# power, expected sample size and drift for power), computed with R's rpact. R is used only
# to produce these numbers; neither the kit nor its tests need it.
#
# Run from the repository root:
#   Rscript tests/reference/sequential/make_reference.R
# It rewrites rpact.json next to this script. tests/reference/README_sequential.md explains
# every value and every tolerance.
suppressPackageStartupMessages({
  library(rpact)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(script)) dirname(normalizePath(script)) else "tests/reference/sequential"

provenance <- list(
  r_version = R.version.string,
  rpact_version = as.character(packageVersion("rpact")),
  script = "tests/reference/sequential/make_reference.R"
)

methods <- c("obrien-fleming" = "OF", "pocock" = "P",
             "spending-obrien-fleming" = "asOF", "spending-pocock" = "asP")
spacings <- list(2, 3, 4, 5, 10, c(0.3, 1), c(0.25, 0.6, 1), c(0.1, 0.3, 1),
                 c(0.2, 0.4, 0.5, 0.9, 1))
levels <- list(c(alpha = 0.025, sided = 1), c(alpha = 0.05, sided = 2),
               c(alpha = 0.01, sided = 1), c(alpha = 0.10, sided = 2))
drifts <- c(1.5, 2.8, 4)

cases <- list()
for (m in names(methods)) {
  for (sp in spacings) {
    for (lv in levels) {
      alpha <- unname(lv["alpha"]); sided <- unname(lv["sided"])
      rates <- if (length(sp) == 1) seq_len(sp) / sp else sp
      d <- getDesignGroupSequential(informationRates = rates, alpha = alpha, sided = sided,
                                    typeOfDesign = methods[[m]], beta = 0.2)
      # Exit probabilities under a drift: rpact's mean of Z_k is theta * sqrt(nMax * t_k), so
      # nMax = 100 and theta = drift / 10 give Z_k ~ N(drift * sqrt(t_k), 1).
      p <- getPowerAndAverageSampleNumber(d, theta = drifts / 10, nMax = 100)
      reject <- lapply(seq_along(drifts), function(j) p$rejectPerStage[, j])
      ch80 <- getDesignCharacteristics(d)
      d90 <- getDesignGroupSequential(informationRates = rates, alpha = alpha, sided = sided,
                                      typeOfDesign = methods[[m]], beta = 0.1)
      ch90 <- getDesignCharacteristics(d90)
      cases[[length(cases) + 1]] <- list(
        method = m, rpact_type = methods[[m]], alpha = alpha,
        alternative = if (sided == 2) "two-sided" else "greater",
        looks = if (length(sp) == 1) sp else NULL,
        information_rates = rates,
        critical_values = d$criticalValues,
        alpha_spent = d$alphaSpent,
        stage_levels_one_sided = d$stageLevels,
        drifts = drifts,
        reject_per_stage = reject,
        overall_reject = p$overallReject,
        expected_sample_fraction = p$averageSampleNumber / 100,
        shift_power80 = ch80$shift, inflation_power80 = ch80$inflationFactor,
        shift_power90 = ch90$shift, inflation_power90 = ch90$inflationFactor
      )
    }
  }
}
write_json(list(provenance = provenance, cases = cases),
           file.path(out_dir, "rpact.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE,
           null = "null")
cat("wrote", length(cases), "cases to", out_dir, "\n")
