\set uid random(1, :nusers)
SELECT jsonb_build_object(
         'full_name', u.full_name,
         'appointments', COALESCE((SELECT jsonb_agg(jsonb_build_object('details', a.details) ORDER BY a.id DESC)
                                     FROM (SELECT id, details FROM appointments WHERE user_id = u.id
                                            ORDER BY id DESC LIMIT 5) a), '[]'),
         'kin_count', (SELECT count(*) FROM kins k WHERE k.user_id = u.id),
         'kins', COALESCE((SELECT jsonb_agg(jsonb_build_object('full_name', k.full_name) ORDER BY k.id)
                             FROM kins k WHERE k.user_id = u.id AND k.relationship = 'spouse'), '[]'))
  FROM users u WHERE u.id = :uid;
