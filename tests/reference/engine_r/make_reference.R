# Reference values for the engine hardening of il2kit (issue 10): REML pooling and prediction
# intervals (metafor), log-rank tests on awkward data (survival::survdiff), exact binomial
# intervals at very large n (binom.test) and the Kaplan-Meier median where the curve sits at
# exactly 0.5 (survfit's printed median vs quantile()). R is used only to produce these
# numbers; neither the kit nor its tests need it.
#
# Run from the repository root:
#   Rscript tests/reference/engine_r/make_reference.R
# It rewrites reml.json, logrank.json, binom_large.json and km_median.json next to this
# script. tests/reference/README_engine_r.md explains every value and every tolerance.
suppressPackageStartupMessages({
  library(metafor)
  library(survival)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(script)) dirname(normalizePath(script)) else "tests/reference/engine_r"

write_ref <- function(x, name) {
  # digits = NA: 15 significant digits; NA / NaN become null. I() keeps length-1 vectors as
  # arrays.
  write_json(x, file.path(out_dir, name), digits = NA, auto_unbox = TRUE, pretty = FALSE,
             na = "null")
}

provenance <- list(
  r_version = R.version.string,
  metafor_version = as.character(packageVersion("metafor")),
  survival_version = as.character(packageVersion("survival")),
  script = "tests/reference/engine_r/make_reference.R",
  seed = 20261130
)
set.seed(20261130)

# ------------------------------------------------------------------ REML pooling (meta.py)
# The REML log-likelihood (metafor's, REMLf = TRUE) written out independently, to scan a grid
# of tau2 values and flag data sets where metafor's Fisher scoring stops at a local maximum.
reml_ll <- function(tau2, yi, vi) {
  k <- length(yi)
  sapply(tau2, function(t) {
    w <- 1 / (vi + t)
    mu <- sum(w * yi) / sum(w)
    -0.5 * ((k - 1) * log(2 * pi) - log(k) + sum(log(vi + t)) + log(sum(w)) +
              sum(w * (yi - mu)^2))
  })
}
grid_max <- function(yi, vi) {
  top <- max(vi, 4 * length(yi) * diff(range(yi))^2 / (length(yi) - 1)) * 1.01
  grid <- c(0, exp(seq(log(min(vi) * 1e-4), log(top), length.out = 4000)))
  ll <- reml_ll(grid, yi, vi)
  list(tau2 = grid[which.max(ll)], ll = max(ll))
}

fit_rma <- function(...) {
  ctrl <- list(threshold = 1e-10, maxiter = 1000)
  reml <- tryCatch(rma(..., method = "REML", control = ctrl), error = function(e) e)
  dl <- rma(..., method = "DL")
  pdl <- predict(dl)
  out <- list(dl = list(tau2 = dl$tau2, estimate = as.numeric(dl$b), pi_low = pdl$pi.lb,
                        pi_high = pdl$pi.ub))
  if (inherits(reml, "error")) {
    out$reml <- list(error = conditionMessage(reml))
  } else {
    p <- predict(reml)
    p80 <- predict(reml, level = 80)
    out$reml <- list(
      tau2 = reml$tau2, estimate = as.numeric(reml$b), se = reml$se, ci_low = reml$ci.lb,
      ci_high = reml$ci.ub, loglik = as.numeric(logLik(reml)), pi_low = p$pi.lb,
      pi_high = p$pi.ub, pi80_low = p80$pi.lb, pi80_high = p80$pi.ub,
      yi = I(as.numeric(reml$yi)), vi = I(as.numeric(reml$vi)))
    g <- grid_max(as.numeric(reml$yi), as.numeric(reml$vi))
    out$reml$grid_tau2 <- g$tau2
    out$reml$grid_loglik <- g$ll
  }
  out
}

random_arm <- function(k, independent = FALSE) {
  n <- sample(3:40, k, replace = TRUE)
  # similar rates (logit-normal around a common mean) or unrelated ones (uniform)
  p <- if (independent) runif(k) else plogis(rnorm(k, runif(1, -3, 1), runif(1, 0, 1.5)))
  x <- rbinom(k, n, p)
  if (runif(1) < 0.3) x[sample(k, 1)] <- 0  # zero cells
  if (runif(1) < 0.1) { i <- sample(k, 1); x[i] <- n[i] }  # all responded
  list(x = x, n = n)
}

# The review's example, then sets whose restricted likelihood has two maxima with the lower one
# first (found by a random search in Python, see README_engine_r.md), then random sets.
rate_sets <- list(
  list(responders = c(3, 3, 0), n = c(11, 11, 28)),
  list(responders = c(15, 10, 0), n = c(39, 22, 23)),
  list(responders = c(22, 0, 16), n = c(38, 19, 28)),
  list(responders = c(0, 27, 17), n = c(5, 33, 21)),
  list(responders = c(15, 14, 2, 12), n = c(16, 34, 8, 29)),
  list(responders = c(2, 2, 4, 0), n = c(35, 8, 7, 13)),
  list(responders = c(32, 3, 20), n = c(32, 7, 20)),
  list(responders = c(0, 2, 3, 1), n = c(3, 32, 4, 14)),
  list(responders = c(2, 9, 36, 38), n = c(8, 9, 36, 38))
)
for (i in 1:341) {
  a <- random_arm(sample(2:8, 1), independent = i %% 2 == 0)
  rate_sets[[length(rate_sets) + 1]] <- list(responders = a$x, n = a$n)
}
rates <- list()
for (s in rate_sets) {
  for (measure in c("PLO", "PR")) {
    f <- fit_rma(measure = measure, xi = s$responders, ni = s$n)
    rates[[length(rates) + 1]] <- c(
      list(responders = I(s$responders), n = I(s$n),
           scale = if (measure == "PLO") "logit" else "raw"), f)
  }
}

or_sets <- list(
  list(a = list(x = c(13, 0, 11, 11), n = c(38, 16, 18, 30)),
       b = list(x = c(25, 33, 4, 21), n = c(38, 34, 5, 33))),
  list(a = list(x = c(0, 11, 4, 17), n = c(7, 23, 8, 32)),
       b = list(x = c(7, 1, 6, 10), n = c(7, 5, 22, 22))),
  list(a = list(x = c(15, 0, 14), n = c(30, 29, 25)), b = list(x = c(24, 2, 3), n = c(39, 5, 6))),
  list(a = list(x = c(13, 0, 2, 19), n = c(25, 6, 3, 26)),
       b = list(x = c(5, 12, 2, 15), n = c(22, 27, 32, 31)))
)
for (i in 1:346) {
  k <- sample(2:8, 1)
  or_sets[[length(or_sets) + 1]] <- list(a = random_arm(k, independent = i %% 2 == 0),
                                         b = random_arm(k, independent = i %% 2 == 0))
}
odds <- list()
for (s in or_sets) {
  a <- s$a
  b <- s$b
  f <- fit_rma(measure = "OR", ai = a$x, n1i = a$n, ci = b$x, n2i = b$n)
  odds[[length(odds) + 1]] <- c(
    list(responders_a = I(a$x), n_a = I(a$n), responders_b = I(b$x), n_b = I(b$n)), f)
}
write_ref(list(
  provenance = provenance,
  description = paste(
    "metafor::rma(measure = 'PLO' | 'PR' | 'OR', method = 'REML', control = list(threshold =",
    "1e-10, maxiter = 1000)) and method = 'DL' on random small data sets (k = 2..8, n = 3..40,",
    "zero cells); predict() prediction intervals (95% and 80%, analysis scale); logLik() is",
    "the REML log-likelihood; grid_tau2/grid_loglik: the best of 4001 tau2 values under the",
    "same log-likelihood computed in R (flags metafor's local maxima)."
  ),
  rates = rates,
  odds_ratios = odds
), "reml.json")

# ------------------------------------------------------------------ log-rank (survival.py)
logrank_case <- function(kind, time, status, group) {
  res <- tryCatch(survdiff(Surv(time, status) ~ group), error = function(e) e)
  out <- list(kind = kind, time = I(time), event = I(status), group = I(group))
  if (inherits(res, "error")) {
    out$error <- conditionMessage(res)
  } else {
    labels <- sub("^group=", "", names(res$n))
    out$statistic <- res$chisq
    out$df <- sum(res$exp > 0) - 1
    out$pvalue <- res$pvalue
    out$labels <- I(labels)
    out$observed <- I(as.numeric(res$obs))
    out$expected <- I(as.numeric(res$exp))
  }
  out
}
cases <- list()
kinds <- c("random", "ties", "early_censored_group", "single_patient_group",
           "all_censored_group", "all_censored", "continuous")
for (i in 1:300) {
  kind <- kinds[(i - 1) %% length(kinds) + 1]
  g <- sample(2:4, 1)
  n <- sample(g:30, 1)
  group <- sample(letters[1:g], n, replace = TRUE)
  group[1:g] <- letters[1:g]  # every label present
  time <- if (kind == "continuous") round(rexp(n, 0.1), 1) + 0.1 else sample(1:12, n, TRUE)
  status <- rbinom(n, 1, sample(c(0.2, 0.5, 0.9), 1))
  if (kind == "ties") time <- sample(1:4, n, TRUE)
  if (kind == "early_censored_group") {  # group "a" all censored before the first event
    first <- if (any(status[group != "a"] == 1)) min(time[group != "a" & status == 1]) else 1
    time[group == "a"] <- pmax(first - 0.5, 0.1)
    status[group == "a"] <- 0
  }
  if (kind == "single_patient_group") {
    group[n] <- "z"
  }
  if (kind == "all_censored_group") status[group == "b"] <- 0
  if (kind == "all_censored") status[] <- 0
  cases[[length(cases) + 1]] <- logrank_case(kind, time, status, group)
}
# hand-made cases: the review's example, a group with no expected events, every patient dead
# at one time (R: singular variance, an error), and everything censored
cases[[length(cases) + 1]] <- logrank_case("review_example", c(1, 2, 3, 4), c(0, 0, 0, 0),
                                           c("0", "0", "1", "1"))
cases[[length(cases) + 1]] <- logrank_case("no_expected_events", c(1, 2, 3, 4), c(0, 0, 1, 1),
                                           c("0", "0", "1", "1"))
cases[[length(cases) + 1]] <- logrank_case("all_die_at_once", c(1, 1), c(1, 1), c("a", "b"))
write_ref(list(
  provenance = provenance,
  description = paste(
    "survdiff(Surv(time, event) ~ group) (rho = 0): chisq, df = number of groups with",
    "expected events > 0 minus 1 (as print.survdiff), pvalue, observed and expected per group",
    "(labels in R's sorted order); 'error' when survdiff stops (singular variance)."
  ),
  cases = cases
), "logrank.json")

# ------------------------------------------------------------------ binom.test at large n
big <- list()
for (n in c(1e6, 1e9)) {
  xs <- if (n == 1e6) c(0, 1, 7, 123456, 5e5, n - 1, n) else c(0, 3, 123456789, 5e8, n - 1, n)
  for (x in xs) {
    for (level in c(0.90, 0.95, 0.99)) {
      # The two-sided interval of binom.test is its two one-sided limits at (1 + level) / 2.
      # They are taken from the one-sided calls because the two-sided p-value that
      # binom.test also computes sums dbinom over ~n values (8 GB of memory at n = 1e9).
      one <- (1 + level) / 2
      low <- binom.test(x, n, alternative = "greater", conf.level = one)$conf.int[1]
      high <- binom.test(x, n, alternative = "less", conf.level = one)$conf.int[2]
      if (n == 1e6) {  # where the two-sided call is affordable, check the identity
        ci <- binom.test(x, n, conf.level = level)$conf.int
        stopifnot(isTRUE(all.equal(c(low, high), as.numeric(ci), tolerance = 1e-13)))
      }
      big[[length(big) + 1]] <- list(responders = x, n = n, confidence_level = level,
                                     exact_low = low, exact_high = high)
    }
  }
}
write_ref(list(provenance = provenance,
               description = paste(
                 "binom.test Clopper-Pearson limits (qbeta): the lower limit of",
                 "alternative = 'greater' and the upper limit of alternative = 'less' at",
                 "conf.level = (1 + level) / 2, equal to the two-sided conf.int to 1e-13 (checked at",
                 "n = 1e6)."),
               rows = big), "binom_large.json")

# ------------------------------------------------------------------ KM median at exactly 0.5
km_cases <- list(
  list(name = "half_to_last_censored", time = c(1, 2, 3, 4), event = c(1, 1, 0, 0)),
  list(name = "half_then_late_censoring", time = c(1, 2, 5, 10), event = c(1, 1, 0, 0)),
  list(name = "half_with_ties", time = c(1, 1, 2, 3, 3, 4), event = c(1, 1, 1, 0, 0, 0)),
  list(name = "half_then_drop", time = c(1, 2, 3, 4, 5, 6), event = c(1, 1, 1, 0, 1, 1)),
  list(name = "crosses_below", time = c(1, 2, 3, 4, 5), event = c(1, 1, 1, 0, 1))
)
km <- list()
for (cs in km_cases) {
  fit <- survfit(Surv(cs$time, cs$event) ~ 1)
  tab <- summary(fit)$table
  q <- quantile(fit, 0.5)
  km[[length(km) + 1]] <- list(
    name = cs$name, time = I(cs$time), event = I(cs$event),
    printed_median = unname(tab["median"]), printed_ci_low = unname(tab["0.95LCL"]),
    printed_ci_high = unname(tab["0.95UCL"]),
    quantile_median = unname(q$quantile), quantile_ci_low = unname(q$lower),
    quantile_ci_high = unname(q$upper))
}
write_ref(list(
  provenance = provenance,
  description = paste(
    "survfit(Surv(time, event) ~ 1): the median printed by print(fit) / summary(fit)$table",
    "(survmean's rule) and quantile(fit, 0.5) with their 95% limits."
  ),
  cases = km
), "km_median.json")
cat("wrote", out_dir, "\n")
