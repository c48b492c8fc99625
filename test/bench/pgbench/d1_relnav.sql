\set uid random(1, :nusers)
SELECT rel_fetch('users', :uid, 'full_name, appointments(details ORDER BY id DESC LIMIT 5), kin_count: COUNT(kins), kins(full_name WHERE relationship = ''spouse'')');
