"""Package data: shipped inside the jiuze wheel, read with importlib.resources."""
