# Reference values for il2kit.rates, il2kit.compare and il2kit.meta, computed with base R and
# metafor. R is used only to produce these numbers; neither the kit nor its tests need it.
#
# Run from the repository root:
#   Rscript tests/reference/rates_meta/make_reference.R
# It rewrites the three JSON files next to this script. tests/reference/README_rates_meta.md
# explains every value and every tolerance used by the tests.
suppressPackageStartupMessages({
  library(metafor)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(script)) dirname(normalizePath(script)) else "tests/reference/rates_meta"

write_ref <- function(x, name) {
  # digits = NA writes 15 significant digits; NA / NaN become null.
  write_json(x, file.path(out_dir, name), digits = NA, auto_unbox = TRUE, pretty = TRUE,
             na = "null")
}

provenance <- list(
  r_version = R.version.string,
  metafor_version = as.character(packageVersion("metafor")),
  script = "tests/reference/rates_meta/make_reference.R"
)

# ---------------------------------------------------------------- one proportion (rates.py)
grid <- list()
for (n in c(1, 2, 5, 10, 17, 30, 49, 71, 255)) {
  xs <- if (n <= 30) 0:n else sort(unique(c(0, 1, 2, 6, 12, 37, n %/% 2, n - 1, n)))
  for (x in xs) {
    for (level in c(0.90, 0.95, 0.99)) {
      exact <- binom.test(x, n, conf.level = level)$conf.int
      wilson <- suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = level)$conf.int)
      wilsoncc <- suppressWarnings(prop.test(x, n, correct = TRUE, conf.level = level)$conf.int)
      grid[[length(grid) + 1]] <- list(
        responders = x, n = n, confidence_level = level,
        exact_low = exact[1], exact_high = exact[2],
        wilson_low = wilson[1], wilson_high = wilson[2],
        wilsoncc_low = wilsoncc[1], wilsoncc_high = wilsoncc[2]
      )
    }
  }
}
write_ref(list(
  provenance = provenance,
  description = paste(
    "binom.test()$conf.int (Clopper-Pearson) and prop.test(correct = FALSE / TRUE)$conf.int",
    "(Wilson score without / with continuity correction) over a grid of (responders, n, level)."
  ),
  rows = grid
), "rates.json")

# ---------------------------------------------------------------- two arms (compare.py)
# (responders_a, n_a, responders_b, n_b). The first eight are the examples of Newcombe (1998),
# Table II; the rest are IL-2-sized tables, including zero cells.
tables <- list(
  c(56, 70, 48, 80), c(9, 10, 3, 10), c(6, 7, 2, 7), c(5, 56, 0, 29),
  c(0, 10, 0, 20), c(0, 10, 0, 10), c(10, 10, 0, 20), c(10, 10, 0, 10),
  c(37, 255, 10, 71), c(1, 20, 7, 21), c(12, 71, 6, 36), c(3, 50, 0, 48), c(20, 20, 15, 20)
)
cmp <- list()
for (t in tables) {
  xa <- t[1]; na <- t[2]; xb <- t[3]; nb <- t[4]
  tab <- matrix(c(xa, na - xa, xb, nb - xb), nrow = 2, byrow = TRUE)
  level <- 0.95
  # Newcombe (1998) method 10: hybrid of the two Wilson score intervals (no correction).
  wa <- suppressWarnings(prop.test(xa, na, correct = FALSE, conf.level = level)$conf.int)
  wb <- suppressWarnings(prop.test(xb, nb, correct = FALSE, conf.level = level)$conf.int)
  pa <- xa / na; pb <- xb / nb; d <- pa - pb
  rd_low <- d - sqrt((pa - wa[1])^2 + (wb[2] - pb)^2)
  rd_high <- d + sqrt((wa[2] - pa)^2 + (pb - wb[1])^2)
  # Woolf (logit) interval for the odds ratio; escalc adds 1/2 to every cell of a table with a
  # zero cell (add = 1/2, to = "only0", metafor's default).
  es <- escalc(measure = "OR", ai = xa, bi = na - xa, ci = xb, di = nb - xb)
  z <- qnorm(1 - (1 - level) / 2)
  chi <- suppressWarnings(chisq.test(tab, correct = FALSE))
  cmp[[length(cmp) + 1]] <- list(
    responders_a = xa, n_a = na, responders_b = xb, n_b = nb, confidence_level = level,
    risk_difference = d, rd_ci_low = rd_low, rd_ci_high = rd_high,
    log_odds_ratio = as.numeric(es$yi), log_odds_ratio_var = as.numeric(es$vi),
    or_ci_low = exp(as.numeric(es$yi) - z * sqrt(as.numeric(es$vi))),
    or_ci_high = exp(as.numeric(es$yi) + z * sqrt(as.numeric(es$vi))),
    fisher_p = fisher.test(tab)$p.value,
    chi2_p = unname(chi$p.value)
  )
}
write_ref(list(
  provenance = provenance,
  description = paste(
    "Risk difference with Newcombe's hybrid score interval (method 10) built from",
    "prop.test(correct = FALSE) Wilson limits; Woolf log odds ratio and variance from",
    "metafor::escalc(measure = 'OR') (1/2 added to all cells of tables with a zero cell);",
    "fisher.test()$p.value (two-sided); chisq.test(correct = FALSE)$p.value (NaN -> null when",
    "a margin is zero)."
  ),
  rows = cmp
), "compare.json")

# ---------------------------------------------------------------- pooling (meta.py)
fit_summary <- function(res) {
  list(
    estimate = as.numeric(res$b), se = res$se, ci_low = res$ci.lb, ci_high = res$ci.ub,
    tau2 = res$tau2, i2 = res$I2, q = res$QE, q_p = res$QEp, k = res$k,
    weights = as.numeric(weights(res)), yi = as.numeric(res$yi), vi = as.numeric(res$vi)
  )
}

rate_sets <- list(
  il2_rcc = list(responders = c(37, 10, 8, 12, 6), n = c(255, 71, 49, 71, 36)),
  zero_and_all = list(responders = c(0, 4, 11, 7, 3, 9), n = c(14, 38, 52, 20, 30, 9)),
  heterogeneous = list(responders = c(2, 15, 30, 4, 22), n = c(40, 50, 60, 45, 35))
)
pooled_rates <- list()
for (name in names(rate_sets)) {
  s <- rate_sets[[name]]
  for (measure in c("PLO", "PR")) {
    for (method in c("FE", "DL", "REML")) {
      res <- rma(measure = measure, xi = s$responders, ni = s$n, method = method,
                 control = list(threshold = 1e-10, maxiter = 1000))
      pooled_rates[[length(pooled_rates) + 1]] <- c(
        list(dataset = name, responders = s$responders, n = s$n,
             scale = if (measure == "PLO") "logit" else "raw", method = method),
        fit_summary(res)
      )
    }
  }
}

or_sets <- list(
  bcg = with(dat.bcg, list(events_a = tpos, n_a = tpos + tneg, events_b = cpos, n_b = cpos + cneg)),
  zero_cells = list(events_a = c(3, 0, 8, 5, 2, 0), n_a = c(50, 30, 60, 40, 25, 20),
                    events_b = c(1, 2, 3, 0, 0, 0), n_b = c(50, 30, 60, 40, 25, 20)),
  homogeneous = list(events_a = c(12, 10, 15), n_a = c(40, 38, 45),
                     events_b = c(8, 9, 11), n_b = c(41, 37, 46))
)
pooled_or <- list()
for (name in names(or_sets)) {
  s <- or_sets[[name]]
  for (method in c("FE", "DL", "REML")) {
    res <- rma(measure = "OR", ai = s$events_a, n1i = s$n_a, ci = s$events_b, n2i = s$n_b,
               method = method, control = list(threshold = 1e-10, maxiter = 1000))
    pooled_or[[length(pooled_or) + 1]] <- c(
      list(dataset = name, events_a = s$events_a, n_a = s$n_a, events_b = s$events_b,
           n_b = s$n_b, method = method),
      fit_summary(res)
    )
  }
}
write_ref(list(
  provenance = provenance,
  description = paste(
    "metafor::rma(measure = 'PLO' | 'PR' | 'OR', method = 'FE' | 'DL' | 'REML') with defaults",
    "(add = 1/2, to = 'only0', drop00 = FALSE, test = 'z', level = 95) and a tightened REML",
    "convergence threshold (1e-10). estimate / ci are on the analysis scale (logit, raw",
    "proportion or log odds ratio); weights are percentages."
  ),
  rates = pooled_rates,
  odds_ratios = pooled_or
), "meta.json")
cat("wrote", out_dir, "\n")
