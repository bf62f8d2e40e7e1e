"""Start a second Ray node on this machine, on 127.0.0.1 only, joined to a head there.

    RAY_AUTH_MODE=token RAY_AUTH_TOKEN=... python scripts/ray_local_node.py 127.0.0.1:PORT [--num-cpus N]
        [--object-store-memory BYTES]

Why not `ray start --address=127.0.0.1:PORT`: Ray 2.60 replaces a loopback
address with the machine's outward one (ray-project/ray#59110), unless
RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0, with which `ray start` refuses to start
a node that is not a head. This does what `ray start` does after those
checks (``ray._private.node.Node(head=False)``, as ``ray.cluster_utils`` does
for Ray's own multi-node tests) with the node address 127.0.0.1, so the
second node's servers listen on the loopback address like the head's.
Like `ray start`, it returns once the node's processes run; they stay in this
process's session (end them with a signal to its process group).
"""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("address", help="the head's GCS address, 127.0.0.1:PORT")
    p.add_argument("--num-cpus", type=int, default=1)
    p.add_argument("--object-store-memory", type=int, default=80 * 1024 * 1024)
    args = p.parse_args(argv)
    os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"  # node address 127.0.0.1; read at import
    import ray._private.node
    import ray._private.parameter

    params = ray._private.parameter.RayParams(
        gcs_address=args.address, node_ip_address="127.0.0.1", num_cpus=args.num_cpus,
        object_store_memory=args.object_store_memory, include_log_monitor=False,
        node_manager_port=0, min_worker_port=0, max_worker_port=0,
    )
    node = ray._private.node.Node(params, head=False, shutdown_at_exit=False, spawn_reaper=False)
    print(f"Ray node started on {node.node_ip_address}, joined {args.address}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
