#!/usr/bin/env python3
"""Turns Benchmarks/results/results.jsonl into the Markdown tables of Benchmarks/README.md."""
import json
import re
import sys


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip().startswith("{")]
    scalar = {r["implementation"]: r for r in rows if r["benchmark"] == "scalar"}
    mlp = {r["implementation"]: r for r in rows if r["benchmark"] == "mlp"}
    peak = next((r for r in rows if r["benchmark"] == "peak"), None)
    mhz = None
    try:
        mhz = float(re.search(r"cpu MHz\s*:\s*([0-9.]+)", open("/proc/cpuinfo").read()).group(1))
    except Exception:
        pass

    out = []
    if scalar:
        ours = scalar["NNEngine"]["median"]
        out.append("### 1. Scalar worked example, forward + backward (median per iteration)\n")
        out.append("| implementation | µs / iteration | NNEngine is faster by | loss | dL/dw1 | dL/dw2 |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name in ("NNEngine", "torch", "micrograd"):
            if name in scalar:
                r = scalar[name]
                out.append(f"| {name} | {r['median'] * 1e6:.3f} | {r['median'] / ours:.1f}× | {r['loss']!r} | "
                           f"{r['dL_dw1']!r} | {r['dL_dw2']!r} |")
        if "torch" in scalar:
            ratio = scalar["torch"]["median"] / ours
            out.append(f"\nTarget ≥ 50× faster than PyTorch: **{ratio:.0f}×, {'met' if ratio >= 50 else 'NOT met'}**.\n")
    if mlp:
        ours = mlp["NNEngine"]
        out.append("### 2. 2-10-3 MLP on the spiral, 500 full-batch epochs (median of runs)\n")
        out.append("| implementation | ms | × NNEngine's time | final loss | |Δ loss| vs NNEngine |")
        out.append("| --- | ---: | ---: | ---: | ---: |")
        for name in ("NNEngine", "numpy", "torch"):
            if name in mlp:
                r = mlp[name]
                out.append(f"| {name} | {r['median'] * 1e3:.2f} | {r['median'] / ours['median']:.2f} | "
                           f"{r['final_loss']!r} | {abs(r['final_loss'] - ours['final_loss']):.1e} |")
        others = [mlp[n]["median"] for n in ("numpy", "torch") if n in mlp]
        if others:
            fastest = min(others)
            share = ours["median"] / fastest
            same = all(abs(mlp[n]["final_loss"] - ours["final_loss"]) <= 1e-9 for n in ("numpy", "torch") if n in mlp)
            out.append(f"\nTarget ≤ ½ the time of the faster of NumPy and PyTorch: **{share:.2f} of it, "
                       f"{'met' if share <= 0.5 else 'NOT met'}**; same final loss to 1e-9: "
                       f"**{'yes' if same else 'NO'}**.\n")
        flops = ours["flops"]
        rate = flops / ours["median"]
        out.append(f"FLOPs: {flops / 1e6:.1f} M for 500 epochs ({flops // 500:,} per epoch), so NNEngine runs at "
                   f"{rate / 1e9:.2f} GFLOP/s.")
        if peak:
            out.append(f"One core's measured limit for this build (multiply-add from L1, default SSE2 code): "
                       f"{peak['median'] / 1e9:.2f} GFLOP/s → **{100 * rate / peak['median']:.0f}%** of it.")
        if mhz:
            out.append(f"Hardware peak with AVX2+FMA at {mhz:.0f} MHz (16 flop/cycle): {mhz * 16 / 1e3:.1f} GFLOP/s → "
                       f"{100 * rate / (mhz * 16e6):.1f}%.")
    process = next((r for r in rows if r["benchmark"] == "process"), None)
    if process and "numpy" in mlp:
        share = process["median"] / mlp["numpy"]["median"]
        out.append(f"\n`{process['implementation']}`, whole process: {process['median'] * 1e3:.1f} ms CPU (median) = "
                   f"**{share:.2f}** of NumPy's training loop alone (target ≤ 0.5: {'met' if share <= 0.5 else 'NOT met'}).")
    print("\n".join(out))


if __name__ == "__main__":
    main()
