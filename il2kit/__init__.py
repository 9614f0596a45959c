"""il2kit: a teaching kit on interleukin-2 therapy for metastatic RCC and melanoma.

The public names are listed once, in ``__init__.pyi`` (the stub type checkers and IDEs read);
``lazy_loader`` (SPEC 1) imports each on first use, so ``import il2kit`` stays light (no scipy,
statsmodels, matplotlib or ipywidgets until they are needed).

The kit is historical and educational; it is not medical advice.
"""

import lazy_loader

# The one source of the version: pyproject.toml reads it from here (tool.hatch.version), so
# `import il2kit` needs no package metadata; CITATION.cff repeats it (tests/test_packaging.py).
__version__ = "0.2.0"

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
__all__ = [*__all__, "__version__"]
