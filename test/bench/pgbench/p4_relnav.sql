\set lo random(1, :nusers - 99)
SELECT rel_fetch('users', u.id, 'full_name, profile(*), kins(*), appointments(*), specialities(*)') FROM users u WHERE u.id BETWEEN :lo AND :lo + 99 ORDER BY u.id;
