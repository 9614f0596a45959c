"""Course material that is code: the concept inventory, the lesson plans and the answer keys.

Submodules (import the one you need; nothing here imports ipywidgets or matplotlib):

- :mod:`il2kit.course.inventory`: the pre/post concept inventory as data, and its scoring;
- :mod:`il2kit.course.form`: the inventory as an ipywidgets form (radio buttons + Score);
- :mod:`il2kit.course.plans`: the lesson plans, timed from the notebooks' own
  "**Time to learn:**" lines, with their checks (length, coverage, prerequisites);
- :mod:`il2kit.course.keys`: every number quoted in the instructor guide's answer keys,
  computed by the kit;
- :mod:`il2kit.course.render`: refreshes the computed parts of ``instructors/*.md``
  (``python -m il2kit.course.render``; ``--check`` only reports).

The kit is historical and educational; it is not medical advice.
"""

from __future__ import annotations

__all__ = ["inventory", "form", "plans", "keys", "render"]
