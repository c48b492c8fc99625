SELECT jsonb_build_object(
         'title', i.title,
         'comments', COALESCE((SELECT jsonb_agg(jsonb_build_object('id', c.id, 'body', c.body) ORDER BY c.id)
                                 FROM (SELECT id, body FROM comments WHERE issue_id = i.id
                                        ORDER BY id LIMIT 20 OFFSET 10000) c), '[]'))
  FROM issues i WHERE i.id = 1;
