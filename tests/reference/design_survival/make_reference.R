# Reference values for il2kit.design (two-arm sample size / power) and il2kit.survival
# (Kaplan-Meier, log-rank), computed with base R, pwr and survival. R is used only to produce
# these numbers; neither the kit nor its tests need it.
#
# Run from the repository root:
#   Rscript tests/reference/design_survival/make_reference.R
# It rewrites sample_size.json and survival.json next to this script.
# tests/reference/README_design_survival.md explains every value and every tolerance.
suppressPackageStartupMessages({
  library(pwr)
  library(survival)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(script)) dirname(normalizePath(script)) else "tests/reference/design_survival"

write_ref <- function(x, name) {
  write_json(x, file.path(out_dir, name), digits = NA, auto_unbox = TRUE, pretty = TRUE,
             na = "null")
}

provenance <- list(
  r_version = R.version.string,
  pwr_version = as.character(packageVersion("pwr")),
  survival_version = as.character(packageVersion("survival")),
  script = "tests/reference/design_survival/make_reference.R"
)

# ------------------------------------------------------------- two arms (design.py)
pairs <- list(c(0.15, 0.30), c(0.05, 0.20), c(0.10, 0.15), c(0.20, 0.50), c(0.30, 0.10),
              c(0.50, 0.60), c(0.07, 0.37), c(0.80, 0.95))
grid <- list()
for (pp in pairs) {
  for (alpha in c(0.01, 0.05, 0.10)) {
    for (power in c(0.80, 0.90)) {
      for (alt in c("two.sided", "one.sided")) {
        p1 <- pp[1]; p2 <- pp[2]
        n_norm <- power.prop.test(p1 = p1, p2 = p2, sig.level = alpha, power = power,
                                  alternative = alt, tol = 1e-12)$n
        h <- ES.h(p1, p2)
        alt_pwr <- if (alt == "two.sided") "two.sided" else if (h > 0) "greater" else "less"
        n_arc <- pwr.2p.test(h = h, sig.level = alpha, power = power,
                             alternative = alt_pwr)$n
        pw_norm <- power.prop.test(n = 50, p1 = p1, p2 = p2, sig.level = alpha,
                                   alternative = alt)$power
        pw_arc <- pwr.2p.test(h = h, n = 50, sig.level = alpha, alternative = alt_pwr)$power
        grid[[length(grid) + 1]] <- list(
          p1 = p1, p2 = p2, alpha = alpha, power = power,
          alternative = if (alt == "two.sided") "two-sided" else alt_pwr,
          n_normal_raw = n_norm, n_normal = ceiling(n_norm),
          n_arcsine_raw = n_arc, n_arcsine = ceiling(n_arc),
          power_normal_n50 = pw_norm, power_arcsine_n50 = pw_arc)
      }
    }
  }
}
write_ref(list(provenance = provenance, cases = grid), "sample_size.json")

# ------------------------------------------------------------- survival (survival.py)
km_case <- function(name, time, status, group) {
  fit <- survfit(Surv(time, status) ~ 1)  # defaults: conf.type = "log", conf.int = 0.95
  tab <- summary(fit)$table
  out <- list(
    name = name, time = time, event = status, group = group,
    km = list(time = fit$time, n_at_risk = fit$n.risk, n_events = fit$n.event,
              n_censored = fit$n.censor, survival = fit$surv, ci_low = fit$lower,
              ci_high = fit$upper),
    median = unname(tab["median"]), median_ci_low = unname(tab["0.95LCL"]),
    median_ci_high = unname(tab["0.95UCL"])
  )
  fit90 <- survfit(Surv(time, status) ~ 1, conf.int = 0.90)
  tab90 <- summary(fit90)$table
  out$km90 <- list(ci_low = fit90$lower, ci_high = fit90$upper,
                   median_ci_low = unname(tab90["0.9LCL"]),
                   median_ci_high = unname(tab90["0.9UCL"]))
  if (!is.null(group)) {
    sd <- survdiff(Surv(time, status) ~ group)
    out$logrank <- list(statistic = sd$chisq, df = length(sd$n) - 1,
                        p_value = pchisq(sd$chisq, length(sd$n) - 1, lower.tail = FALSE))
  }
  out
}

aml_df <- survival::aml
lung_df <- survival::lung[1:60, ]
cases <- list(
  km_case("aml", aml_df$time, aml_df$status, as.character(aml_df$x)),
  km_case("lung_first60_by_sex", lung_df$time, lung_df$status - 1L, as.character(lung_df$sex)),
  km_case("lung_first60_by_ecog", lung_df$time[!is.na(lung_df$ph.ecog)],
          (lung_df$status - 1L)[!is.na(lung_df$ph.ecog)],
          as.character(pmin(lung_df$ph.ecog, 2)[!is.na(lung_df$ph.ecog)])),
  # tiny hand-made sets: tied events and a censoring tied with an event; and a curve that sits
  # exactly at 0.5 from t = 3 to t = 5 (R's median is then the midpoint, 4)
  km_case("ties", c(1, 2, 2, 3, 4, 4, 5, 6, 7, 8), c(1, 1, 0, 1, 1, 0, 0, 1, 1, 0),
          rep(c("a", "b"), 5)),
  km_case("flat_half", c(1, 2, 3, 4, 5, 6), c(1, 1, 1, 0, 1, 1), c("a", "b", "a", "b", "a", "b"))
)
write_ref(list(provenance = provenance, cases = cases), "survival.json")
cat("wrote", out_dir, "\n")
