#!/usr/bin/python3
"""Real-size stand-in of the default question-answering model, for the `realsize` bench suite.

    /usr/bin/python3 bench/make_realsize_qa.py --out DIR --tools ../shared/tools/make-test-models

writes DIR/realsize/distilbert-squad/: DistilBertForQuestionAnswering with the shape of
distilbert-base-cased-distilled-squad (6 layers, dim 768, 12 heads, ~66M params), RANDOM weights,
onnx/model.onnx (fp32) and onnx/model_quantized.onnx (int8, as the Hub's q8 file).
make_realsize.py has no QA stand-in; this reuses its encoder code (make_encoders.py). The real
model's cased tokenizer is not in ../shared, so the uncased DistilBERT one is used: its vocabulary
is 5% larger (30,522 vs 28,996 rows), otherwise compute and memory are the real model's.
For speed and memory figures only, never quality.
"""
import argparse
import os
import subprocess
import sys

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--tools", required=True, help="../shared/tools/make-test-models")
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    sys.path.insert(0, os.path.abspath(args.tools))
    import make_encoders as enc  # noqa: E402
    import make_realsize as real  # noqa: E402

    torch.manual_seed(args.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    tok = "distilbert-base-uncased-finetuned-sst-2-english"
    cfg = real.real_config(tok)
    for key in ("id2label", "label2id", "finetuning_task"):
        cfg.pop(key, None)
    cfg["architectures"] = ["DistilBertForQuestionAnswering"]
    model = enc.DistilBertForQuestionAnswering(cfg)
    folder = os.path.join(args.out, "realsize", "distilbert-squad")
    ids = torch.tensor([[101, 2029, 2003, 102, 1037, 3231, 102], [101, 2307, 102, 2003, 102, 0, 0]])
    mask = (ids != 0).long()
    onnx_path = os.path.join(folder, "onnx", "model.onnx")
    enc.export_onnx(model, (ids, mask), onnx_path, ["input_ids", "attention_mask"], ["start_logits", "end_logits"],
                    {"input_ids": {0: "batch_size", 1: "sequence_length"},
                     "attention_mask": {0: "batch_size", 1: "sequence_length"},
                     "start_logits": {0: "batch_size", 1: "sequence_length"},
                     "end_logits": {0: "batch_size", 1: "sequence_length"}})
    real.finish(folder, tok, cfg)
    subprocess.run([sys.executable, os.path.join(args.tools, "quantize_dynamic.py"), onnx_path], check=True)
    real.log(f"qa: {enc.n_params(model):,} params -> {folder}")


if __name__ == "__main__":
    main()
