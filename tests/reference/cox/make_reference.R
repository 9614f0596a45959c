# Reference values for il2kit.cox, computed with R's survival::coxph. R is used only to produce
# these numbers; neither the kit nor its tests need it.
#
# Run from the repository root:
#   Rscript tests/reference/cox/make_reference.R
# It rewrites coxph.json next to this script. tests/reference/README_cox.md explains every
# value and every tolerance.
suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(script)) dirname(normalizePath(script)) else "tests/reference/cox"

provenance <- list(
  r_version = R.version.string,
  survival_version = as.character(packageVersion("survival")),
  script = "tests/reference/cox/make_reference.R"
)

fit_case <- function(name, time, status, X) {
  X <- as.matrix(X)
  out <- list(name = name, time = time, event = status, covariates = colnames(X),
              x = lapply(seq_len(ncol(X)), function(j) unname(X[, j])), fits = list())
  for (ties in c("efron", "breslow")) {
    fit <- coxph(Surv(time, status) ~ X, ties = ties)
    s <- summary(fit)
    out$fits[[ties]] <- list(
      coef = unname(coef(fit)), se = unname(sqrt(diag(vcov(fit)))),
      z = unname(s$coefficients[, "z"]), pvalue = unname(s$coefficients[, "Pr(>|z|)"]),
      ci_low = unname(s$conf.int[, "lower .95"]), ci_high = unname(s$conf.int[, "upper .95"]),
      loglik_null = fit$loglik[1], loglik = fit$loglik[2],
      lr_statistic = unname(s$logtest["test"]), lr_pvalue = unname(s$logtest["pvalue"]),
      # summary() rounds the Wald statistic to 2 decimals; fit$wald.test is the full value
      wald_statistic = unname(fit$wald.test),
      wald_pvalue = pchisq(unname(fit$wald.test), length(coef(fit)), lower.tail = FALSE),
      score_statistic = unname(s$sctest["test"]), score_pvalue = unname(s$sctest["pvalue"]),
      df = unname(s$logtest["df"]), n = fit$n, n_events = fit$nevent
    )
  }
  out
}

cases <- list()
aml_df <- survival::aml
cases[[1]] <- fit_case("aml", aml_df$time, aml_df$status,
                       cbind(nonmaintained = as.numeric(aml_df$x == "Nonmaintained")))

lung_df <- na.omit(survival::lung[, c("time", "status", "age", "sex", "ph.ecog")])
cases[[2]] <- fit_case("lung", lung_df$time, lung_df$status - 1L,
                       cbind(age = lung_df$age, female = as.numeric(lung_df$sex == 2),
                             ph_ecog = lung_df$ph.ecog))

vet <- survival::veteran
cases[[3]] <- fit_case("veteran", vet$time, vet$status,
                       cbind(test_treatment = as.numeric(vet$trt == 2), karno = vet$karno,
                             smallcell = as.numeric(vet$celltype == "smallcell"),
                             adeno = as.numeric(vet$celltype == "adeno"),
                             large = as.numeric(vet$celltype == "large")))

# Simulated data with heavy ties (times rounded to whole months) and censoring.
set.seed(20261130)
for (i in 1:4) {
  n <- c(40, 80, 150, 60)[i]
  arm <- rbinom(n, 1, 0.5)
  age <- round(rnorm(n, 60, 10))
  score <- rnorm(n)
  hazard <- 0.05 * exp(-0.5 * arm + 0.02 * (age - 60) + 0.3 * score)
  death <- rexp(n, hazard)
  censor <- runif(n, 5, 40)
  time <- pmax(1, ceiling(pmin(death, censor)))
  status <- as.integer(death <= censor)
  X <- if (i == 4) cbind(arm = arm) else cbind(arm = arm, age = age, score = score)
  cases[[length(cases) + 1]] <- fit_case(paste0("simulated_ties_", i), time, status, X)
}

write_json(list(provenance = provenance, cases = cases), file.path(out_dir, "coxph.json"),
           digits = NA, auto_unbox = FALSE, pretty = TRUE)
cat("wrote", length(cases), "data sets to", out_dir, "\n")
