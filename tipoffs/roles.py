"""Permissions of the tip-off roles (applied by accounts.roles after every migrate).

举报受理员 handle reports (everything but approving rewards and payments); 奖励审批人 lead: they open
every report, see identities, approve extensions and rewards (never their own) and record payments.
"""

_VIEW = ["tipoffs.view_tipoff", "tipoffs.view_reward", "tipoffs.view_rewardrule"]

ROLE_PERMISSIONS = {
    "举报受理员": [*_VIEW, "tipoffs.handle_tipoff", "tipoffs.add_reward"],
    "奖励审批人": [
        *_VIEW,
        "tipoffs.lead_tipoff",
        "tipoffs.approve_reward",
        "tipoffs.change_reward",
        "tipoffs.add_rewardrule",
    ],
}
