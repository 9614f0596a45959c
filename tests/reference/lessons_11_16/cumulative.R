# Reference values for il2kit.meta.cumulative_pool_rates (tests/test_meta.py).
# Run: Rscript cumulative.R > cumulative.json   (R 4.2, metafor 3.8; REML threshold 1e-10, as in
# tests/reference/rates_meta, so that its convergence error is far below the test tolerance)
suppressMessages(library(metafor))
xi <- c(9, 24, 11, 3, 16, 22, 10, 19, 2, 13, 25, 6, 12, 17, 4, 11, 24, 10, 20, 13)
ni <- c(40, 52, 45, 38, 60, 47, 41, 66, 35, 50, 55, 31, 49, 62, 39, 44, 53, 42, 70, 51)
out <- list(responders = xi, n = ni)
for (m in c("DL", "REML")) {
  fit <- rma(xi = xi, ni = ni, measure = "PLO", method = m, control = list(threshold = 1e-10))
  cu <- cumul(fit)
  out[[m]] <- list(estimate = transf.ilogit(cu$estimate), ci_low = transf.ilogit(cu$ci.lb),
                   ci_high = transf.ilogit(cu$ci.ub), tau2 = cu$tau2)
}
fmt <- function(v) paste0("[", paste(sprintf("%.15g", v), collapse = ", "), "]")
cat("{\n")
cat(sprintf('  "responders": %s,\n  "n": %s,\n', fmt(xi), fmt(ni)))
cat(sprintf('  "metafor": "%s",\n', as.character(packageVersion("metafor"))))
for (m in c("DL", "REML")) {
  r <- out[[m]]
  cat(sprintf('  "%s": {"estimate": %s, "ci_low": %s, "ci_high": %s, "tau2": %s}%s\n', m,
              fmt(r$estimate), fmt(r$ci_low), fmt(r$ci_high), fmt(r$tau2),
              ifelse(m == "DL", ",", "")))
}
cat("}\n")
