"""The shipped default Qawl model (installed as the ``qawl_models`` package; see ``README.md`` here)."""
