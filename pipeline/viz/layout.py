"""Precomputed node positions for graphs too big for in-browser physics.

networkx's spring_layout needs scipy above 500 nodes, which memokg does not ship, so this is the
same Fruchterman-Reingold force model in plain numpy, computed in row blocks that stay in cache
(2,000 nodes: under 1 s of CPU). No BLAS calls, so results do not depend on the BLAS build or threads.
Positions are rounded to whole pixels so floating-point noise never reaches the HTML.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

SEED = 20240611
SCALE = 1000.0  # half-width of the drawing in vis-network pixels
GRAVITY = 2.0  # pull to the centre, balancing the whole graph's repulsion at about 0.7 of the unit square
GRID = 70  # pixels between unrelated nodes in their grid
CHUNK = 32  # rows per block: a 32 x n block stays in cache, the full n x n matrix does not


def _edge_index(graph: nx.Graph, order: list[str]) -> np.ndarray:
    """Distinct undirected node pairs as index rows; parallel edges pull no harder than one."""
    index = {node: i for i, node in enumerate(order)}
    pairs = sorted({tuple(sorted((index[u], index[v]))) for u, v in graph.edges() if u != v})
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def _repulsion(pos: np.ndarray, k: float, chunk: int = CHUNK) -> np.ndarray:
    """Sum over every other node of the offset times k^2/d^2, a block of rows at a time."""
    # float32 halves the memory traffic of the n x n blocks; the layout only needs pixel precision
    x, y = pos[:, 0].astype(np.float32), pos[:, 1].astype(np.float32)
    k2 = np.float32(k * k)
    disp = np.empty_like(pos)
    for start in range(0, len(pos), chunk):
        dx = x[start : start + chunk, None] - x[None, :]
        dy = y[start : start + chunk, None] - y[None, :]
        weights = dx * dx
        weights += dy * dy
        np.maximum(weights, 1e-9, out=weights)
        np.divide(k2, weights, out=weights)
        own = np.arange(start, start + len(dx))
        weights[own - start, own] = 0.0
        dx *= weights
        dy *= weights
        disp[start : start + chunk, 0] = dx.sum(axis=1)
        disp[start : start + chunk, 1] = dy.sum(axis=1)
    return disp


def _fruchterman_reingold(n: int, pairs: np.ndarray, iterations: int, seed: int) -> np.ndarray:
    """Positions in the unit square after `iterations` cooling steps."""
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = 1.0 / np.sqrt(n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, k)
        # gravity: without it, isolated nodes are pushed to the rim and shrink the real structure to a dot
        disp -= GRAVITY * (pos - 0.5)
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            pull = delta * np.sqrt((delta * delta).sum(axis=1))[:, None] / k
            np.subtract.at(disp, pairs[:, 0], pull)
            np.add.at(disp, pairs[:, 1], pull)
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1))[:, None], 1e-9)
        pos += disp / length * np.minimum(length, temperature)
        temperature -= cooling
    return pos


def _force_layout(graph: nx.Graph, order: list[str], iterations: int, seed: int) -> dict[str, tuple[int, int]]:
    """Pixel positions of connected nodes from the force model, centred on the origin."""
    if len(order) == 1:
        return {order[0]: (0, 0)}
    pos = _fruchterman_reingold(len(order), _edge_index(graph, order), iterations, seed)
    pos -= pos.mean(axis=0)
    # scale by a high percentile, not the maximum, so one straggler cannot squeeze everything else
    extent = float(np.percentile(np.abs(pos), 98)) or 1.0
    # more nodes need more room, or the labels pile up
    scale = SCALE * max(1.0, np.sqrt(len(order) / 300.0))
    pixels = np.rint(pos / extent * scale).astype(np.int64)
    return {node: (int(x), int(y)) for node, (x, y) in zip(order, pixels, strict=True)}


def _grid_below(nodes: list[str], placed: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Rows of nodes under the drawing, as wide as it; sorted ids keep each type together."""
    if placed:
        xs = [x for x, _ in placed.values()]
        left, width, top = min(xs), max(xs) - min(xs), max(y for _, y in placed.values()) + 3 * GRID
    else:
        side = int(np.ceil(np.sqrt(len(nodes))))
        left, width, top = -side * GRID // 2, side * GRID, 0
    columns = max(1, width // GRID + 1)
    return {node: (left + (i % columns) * GRID, top + (i // columns) * GRID) for i, node in enumerate(nodes)}


def layout_positions(graph: nx.Graph, iterations: int = 50, seed: int = SEED) -> dict[str, tuple[int, int]]:
    """Deterministic x, y pixel positions: a force layout of related nodes, unrelated ones in a grid below."""
    degree = {node: 0 for node in graph}
    for u, v in graph.edges():
        if u != v:
            degree[u] += 1
            degree[v] += 1
    # entities no relation touches would ring the drawing and shrink the structure that matters
    linked = sorted(node for node, d in degree.items() if d)
    alone = sorted(node for node, d in degree.items() if not d)
    positions = _force_layout(graph, linked, iterations, seed) if linked else {}
    positions.update(_grid_below(alone, positions))
    return positions
