"""SurrogateSimulator: a randomized trial in which response can rise while survival does not."""

from __future__ import annotations

import pandas as pd

from il2kit.models import SurrogateModel, SurrogateResult
from il2kit.widgets._view import ResultView, percent_table, slider


def _table(result: SurrogateResult) -> pd.DataFrame:
    frame = percent_table(result.to_frame(), ["response_rate"], decimals=0)
    frame["median_os_months"] = frame["median_os_months"].map("{:.1f}".format)
    return frame.rename(
        columns={
            "arm": "Arm",
            "n": "n",
            "responders": "Responders",
            "response_rate": "Response rate",
            "median_os_months": "Median OS (months)",
        }
    )


class SurrogateSimulator(ResultView):
    """Sliders for the response rates and for how much responding changes survival; the
    synthetic trial's Kaplan-Meier curves and both tests."""

    def __init__(self, model: SurrogateModel | None = None) -> None:
        m = model or SurrogateModel()
        super().__init__(
            m,
            {
                "control_rate": slider(m, "control_rate", "Control ORR", "Response rate, control"),
                "experimental_rate": slider(
                    m, "experimental_rate", "New ORR", "Response rate, experimental arm"
                ),
                "os_hr_responders": slider(
                    m,
                    "os_hr_responders",
                    "HR responders",
                    "Hazard ratio for death, responders vs non-responders (1 = no effect)",
                ),
            },
            title="Response vs survival (synthetic trial)",
            table=_table,
        )
