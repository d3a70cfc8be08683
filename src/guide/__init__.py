"""The Client Relationship Guide's build: one MkDocs plugin (plugin.py) and the modules it runs."""
