"""Permissions of the tip-off roles (applied by accounts.roles after every migrate).

举报受理员 handle reports: take, accept, verify, conclude, message, link duplicates, propose rewards.
奖励审批人 lead: they open every report and see identities, assign, approve extensions and rewards
(never their own proposals), record claims and payments, and add rows to the reward and handling-period tables.
"""

_VIEW = ["tipoffs.view_tipoff", "tipoffs.view_reward", "tipoffs.view_rewardrule", "tipoffs.view_handlingrule"]

ROLE_PERMISSIONS = {
    "举报受理员": [*_VIEW, "tipoffs.handle_tipoff"],
    "奖励审批人": [
        *_VIEW,
        "tipoffs.lead_tipoff",
        "tipoffs.approve_reward",
        "tipoffs.add_rewardrule",
        "tipoffs.add_handlingrule",
    ],
}
