"""Rubric scoring: one interface, a heuristic (offline, default) and an LLM implementation."""

from interviewsim.scoring.base import CriterionScore, Scorer, ScoreResult, overall_from_levels
from interviewsim.scoring.heuristic import HeuristicScorer

__all__ = ["CriterionScore", "HeuristicScorer", "ScoreResult", "Scorer", "overall_from_levels"]
