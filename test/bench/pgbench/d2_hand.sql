\set uid random(1, :nusers)
\set r random(1, 5)
SELECT jsonb_build_object(
         'full_name', u.full_name,
         'appointments', COALESCE((SELECT jsonb_agg(jsonb_build_object('details', a.details) ORDER BY a.id DESC)
                                     FROM (SELECT id, details FROM appointments WHERE user_id = u.id
                                            ORDER BY id DESC LIMIT 5) a), '[]'),
         'kin_count', (SELECT count(*) FROM kins k WHERE k.user_id = u.id),
         'kins', COALESCE((SELECT jsonb_agg(jsonb_build_object('full_name', k.full_name) ORDER BY k.id)
                             FROM kins k WHERE k.user_id = u.id
                              AND k.relationship = (ARRAY['spouse', 'sibling', 'parent', 'child', 'friend'])[:r]), '[]'))
  FROM users u WHERE u.id = :uid;
