\set lo random(1, :nusers - 199)
SELECT u.id, k.full_name FROM users u, rel_rows(NULL::kins, 'users', u.id, 'kins') k WHERE u.id BETWEEN :lo AND :lo + 199 AND k.relationship = 'spouse';
