"""The embedded explorer planner: reaches a goal by exploring the app's screens, no model.

`ExplorerPlanner().next_action(goal, screen, history)`; its memory of visited screens
comes from the history's `screen_id`s, so it is stateless between calls.
"""

from planning.explorer.explorer import ExplorerPlanner
from planning.explorer.goals import Goal, Intent, Value, parse_goal

__all__ = ["ExplorerPlanner", "Goal", "Intent", "Value", "parse_goal"]
