"""The Maestro commands droidpilot recognises but does not run, each with the reason why."""

__all__ = ["UNSUPPORTED"]

UNSUPPORTED: dict[str, str] = {
    "evalScript": "JavaScript is not run",
    "runScript": "JavaScript is not run",
    "assertTrue": "JavaScript conditions are not evaluated",
    "copyTextFrom": "the ACI has no clipboard",
    "pasteText": "the ACI has no clipboard",
    "doubleTapOn": "the ACI has no double tap",
    "openLink": "the ACI cannot open links",
    "setLocation": "location mocking is not in the ACI",
    "travel": "location mocking is not in the ACI",
    "addMedia": "pushing media files is not in the ACI",
    "startRecording": "screen recording is not supported",
    "stopRecording": "screen recording is not supported",
    "setAirplaneMode": "device settings are not in the ACI",
    "toggleAirplaneMode": "device settings are not in the ACI",
    "setOrientation": "rotation is not in the ACI",
    "killApp": "use stopApp",
    "assertScreenshot": "image comparison is not supported",
    "setPermissions": "permissions are not in the ACI",
    "clearKeychain": "iOS only",
    "assertWithAI": "use a droidpilot goal step",
    "assertNoDefectsWithAI": "AI checks are not supported",
    "extractTextWithAI": "AI checks are not supported",
    "onFlowComplete": "teardown steps are not supported yet",
}
