import signal, subprocess, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
import appserver, serve
app = Path(__file__).resolve().parent.parent
with tempfile.TemporaryDirectory() as tmp_name, appserver.chromium() as browser:
    tmp = Path(tmp_name)
    env = appserver.app_env(tmp, {})
    appserver.migrate_history(app, env)
    with appserver.running(app, env, tmp / "streamlit.log", []) as server:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}); page = ctx.new_page()
        serve.start_interview(page, server.url, "Prof")
        serve.run_round([page])
        spy = subprocess.Popen(["/tmp/spyenv/bin/py-spy", "record", "--pid", str(server.process.pid), "--rate", "250", "--format", "raw", "-o", "/tmp/prof/serve.txt", "--nonblocking", "--threads"])
        time.sleep(1.5)
        before = server.cpu_seconds(); n = 0
        for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 30):
            serve.ensure_open_interview(page, server.url, "Prof")
            b = server.cpu_seconds(); serve.run_round([page]); n += 1
        print("cpu ms/answer (incl. starts)", (server.cpu_seconds() - before) * 1000 / n)
        spy.send_signal(signal.SIGINT); spy.wait()
