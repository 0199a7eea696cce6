"""Offline backbones: encoders Qawl can fine-tune without the Hugging Face hub."""
