"""Which BLAS numpy runs, and with how many threads (threadpoolctl when installed)."""
import numpy as np

try:
    from threadpoolctl import threadpool_info
    parts = []
    for p in threadpool_info():
        if p.get("user_api") == "blas":
            parts.append("{} {} ({} kernel, {} threads)".format(
                p.get("internal_api"), p.get("version"), p.get("architecture"), p.get("num_threads")))
    print("numpy {}: {}".format(np.__version__, "; ".join(parts) or "no BLAS found by threadpoolctl"))
except ImportError:
    cfg = np.show_config(mode="dicts") or {}
    blas = cfg.get("Build Dependencies", {}).get("blas", {})
    print("numpy {}: {} {} (threadpoolctl not installed: kernel and threads not known)".format(
        np.__version__, blas.get("name", "?"), blas.get("version", "?")))
