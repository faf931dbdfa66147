"""Planners: given a goal, the `Screen` and the history, the next `aci.Action`.

Will hold the scripted planner (the next of a list of ACI steps, for CI
flows), the embedded explorer (goal-directed exploration without a model),
and the LLM back end for any OpenAI-compatible endpoint. Imports only `aci`;
a planner sees words and boxes, never pixels it must click.
"""
