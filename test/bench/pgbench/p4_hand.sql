\set lo random(1, :nusers - 99)
SELECT jsonb_build_object(
         'full_name', u.full_name,
         'profile', (SELECT to_jsonb(p) FROM profiles p WHERE p.user_id = u.id),
         'kins', COALESCE((SELECT jsonb_agg(to_jsonb(k) ORDER BY k.id)
                             FROM kins k WHERE k.user_id = u.id), '[]'),
         'appointments', COALESCE((SELECT jsonb_agg(to_jsonb(a) ORDER BY a.id)
                                     FROM appointments a WHERE a.user_id = u.id), '[]'),
         'specialities', COALESCE((SELECT jsonb_agg(to_jsonb(s) ORDER BY s.id)
                                     FROM user_speciality us
                                     JOIN specialities s ON s.id = us.speciality_id
                                    WHERE us.user_id = u.id), '[]'))
  FROM users u WHERE u.id BETWEEN :lo AND :lo + 99 ORDER BY u.id;
