-- intake.lua - wrk script: desk intake of a complete dossier (receive:
-- true), the durable write path (code, due time, event, audit, outbox).
-- The token comes from the environment (bench/run.sh logs in first).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MOTCUA_TOKEN")
wrk.body = '{"procedure":"1.004201.000.00.00.H50","applicant":{"name":"Nguyễn Văn An","id_number":"001085012345","phone":"0912345678","address":"Đông Hà"},"documents":[{"code":"TP1"},{"code":"TP2"},{"code":"TP3"}],"receive":true}'
