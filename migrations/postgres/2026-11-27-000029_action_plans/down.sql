DROP TABLE action_plan_sign_offs;
DROP TABLE action_plan_monitoring;
DROP TABLE action_updates;
DROP TABLE actions;
DROP TABLE recommendations;
