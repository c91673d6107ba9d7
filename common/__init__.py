"""Small helpers every app may use; at the base of the layers, importing none
of the apps."""
