"""Tools around the pipeline: benchmarks (bench, ocr_bench), the evaluation
against expected JSON (evaluate, eval_cli) and debug images (debug). Tools
import the stages; no stage imports a tool."""
