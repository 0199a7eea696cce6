"""The shipped default Qawl model (installed as the ``qawl.models`` package; see ``README.md`` here)."""
