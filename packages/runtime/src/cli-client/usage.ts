export const USAGE = `tsconnect: a command-line client of any Kafka Connect REST API (ours or Java's)

  tsconnect get connectors|plugins|workers
  tsconnect get offsets <connector>
  tsconnect describe connector <connector>
  tsconnect apply -f <config.json|config.properties> [--name <connector>]
  tsconnect patch connector <connector> [-s key=value]... [-r key]...
  tsconnect pause|resume|stop|delete connector <connector>
  tsconnect restart connector <connector> [--include-tasks] [--only-failed]
  tsconnect restart task <connector> <task id>
  tsconnect offsets reset <connector>
  tsconnect offsets alter <connector> -f <offsets.json>
  tsconnect logs level [<logger> [<LEVEL>]] [--scope worker|cluster]
  tsconnect config get-contexts|current-context
  tsconnect config use-context|delete-context <name>
  tsconnect config set-context <name> --url <url> [--username <u> --password <p>] [--ca-file <pem>] [--insecure]

Options: -o table|json, --context <name>, --url <url> (overrides the context's URL).
Contexts live in $TSCONNECT_CONFIG, else ~/.tsconnect/config.json; without one: http://127.0.0.1:8083.`;
