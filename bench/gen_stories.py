#!/usr/bin/env python3
"""Writes N generated stories as tpmprep JSON exports of 1,000 stories each (files stay under the 5 MB
import limit), for benchmarks. Usage: gen_stories.py N OUT_DIR"""
import json, os, random, sys

PRINCIPLES = """customer-obsession ownership invent-and-simplify are-right-a-lot learn-and-be-curious
hire-and-develop-the-best insist-on-the-highest-standards think-big bias-for-action frugality earn-trust
dive-deep have-backbone-disagree-and-commit deliver-results strive-to-be-earths-best-employer
success-and-scale-bring-broad-responsibility""".split()
WORDS = """program launch latency rollout migration dependency capacity escalation vendor budget metric risk
partner outage schedule scope trade-off dissent customer checkout inventory pipeline""".split()

def text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(42)
    stories = []
    for i in range(n):
        stories.append({"content": {
            "title": f"Story {i}: {text(rng, 4)}",
            "status": rng.choice(["draft", "ready", "ready", "retired"]),
            "principles": rng.sample(PRINCIPLES, rng.randint(1, 3)),
            "tags": [rng.choice(["payments", "infra", "mobile", "ml"])],
            "role": "TPM", "period": "2024",
            "teams": rng.sample(["Payments", "Fraud", "Mobile", "Search", "Data"], 3),
            "partners": [{"name": "Priya", "role": "engineering manager"}],
            "metrics": [{"value": rng.randint(5, 60), "unit": "%", "measures": "p99 latency reduction",
                         "before": 800.0, "after": 480.0}],
            "trade_off": text(rng, 15), "dissent": text(rng, 15), "differently": text(rng, 10),
            "artifacts": ["post-mortem"],
            "situation": text(rng, 40), "task": text(rng, 25), "action": text(rng, 120), "result": text(rng, 40),
        }})
    for k in range(0, n, 1000):
        chunk = stories[k:k + 1000]
        with open(f"{out}/stories-{k // 1000:03}.json", "w") as f:
            json.dump({"format": "tpmprep.stories", "version": 1, "stories": chunk}, f)

main()
