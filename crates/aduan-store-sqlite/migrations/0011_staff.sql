-- Staff administration lists accounts by role and agency; each agency's overview shows the
-- latest confirmations and ratings of its reports, found by time among those events only.

CREATE INDEX users_role_agency_idx ON users (role, agency);
CREATE INDEX events_feedback_idx ON events (at) WHERE action IN ('confirm', 'rate');
