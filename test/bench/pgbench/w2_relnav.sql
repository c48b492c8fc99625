\set uid random(1, :nusers)
SELECT rel_fetch('users', :uid, 'full_name, profile(*), kins(*), appointments(*), specialities(*)');
