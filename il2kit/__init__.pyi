# The public API of il2kit, in one place: il2kit/__init__.py loads these names lazily.

__version__: str
