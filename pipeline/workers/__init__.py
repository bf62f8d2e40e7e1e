"""Where documents are parsed: a local pool of worker processes with time
and memory limits (executor, deadline) or a Ray cluster (ray_executor)."""
