"""Qawl training: data loading, fine-tuning, evaluation and backbones. Imports ``inference``, never the reverse."""
