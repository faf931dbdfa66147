"""Perception and grounding: from an observation to a `Screen`, from an `Action` to a `Command`.

Will hold UI-hierarchy parsing, the ONNX OCR and detectors (behind one session
wrapper), the fusion of their results into `aci.Element`s, and the matcher
that ranks elements against one action's target and returns a grounded
command with its confidence, the runners-up and why. Imports only `aci`.
"""
