"""Course material that is code: the concept inventory, the lesson plans and the answer keys.

Submodules (import the one you need; nothing here imports ipywidgets or matplotlib):

- :mod:`il2kit.course.questions`: the pre/post concept inventory's questions, as data;
- :mod:`il2kit.course.inventory`: scoring the inventory (one student, a class, the gain);
- :mod:`il2kit.course.form`: the inventory as an ipywidgets form (radio buttons + Score);
- :mod:`il2kit.course.plans`: the lesson plans and the lessons' hard prerequisites, as data;
- :mod:`il2kit.course.timing`: times the plans from the notebooks' own "**Time to learn:**"
  lines and checks them (length, coverage, prerequisites);
- :mod:`il2kit.course.keys`: every number quoted in the instructor guide's answer keys,
  computed by the kit;
- :mod:`il2kit.course.render`: refreshes the computed parts of ``instructors/*.md``
  (``python -m il2kit.course.render``; ``--check`` only reports).

The kit is historical and educational; it is not medical advice.
"""

from __future__ import annotations

__all__ = ["questions", "inventory", "form", "plans", "timing", "keys", "render"]
