"""il2kit: a teaching kit on interleukin-2 therapy for metastatic RCC and melanoma.

The public names are listed once, in ``__init__.pyi`` (the stub type checkers and IDEs read);
``lazy_loader`` (SPEC 1) imports each on first use, so ``import il2kit`` stays light (no scipy,
statsmodels, matplotlib or ipywidgets until they are needed).

The kit is historical and educational; it is not medical advice.
"""

from importlib.metadata import PackageNotFoundError, version

import lazy_loader

# One source of truth: pyproject.toml's `version`, read from the installed metadata
# (CITATION.cff repeats it; tests/test_packaging.py checks the three agree).
try:
    __version__ = version("il2kit")
except PackageNotFoundError:  # a source tree on sys.path without an install
    __version__ = "0+unknown"

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
__all__ = [*__all__, "__version__"]
