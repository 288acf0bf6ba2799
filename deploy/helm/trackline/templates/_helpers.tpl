{{/* Labels every resource of this chart carries (the generated subcharts have their own). */}}
{{- define "trackline.labels" -}}
app.kubernetes.io/part-of: trackline
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* Kafka bootstrap servers: the Strimzi cluster's bootstrap Service, or the external brokers. */}}
{{- define "trackline.kafkaBootstrap" -}}
{{- if eq .Values.kafka.mode "strimzi" -}}
{{ .Values.kafka.strimzi.clusterName }}-kafka-bootstrap:9092
{{- else -}}
{{ required "kafka.external.bootstrapServers is required when kafka.mode is external" .Values.kafka.external.bootstrapServers }}
{{- end }}
{{- end }}

{{/* Database name of a service (argument: dict "root" $ "db" "order"). */}}
{{- define "trackline.dbName" -}}
{{- if eq .root.Values.postgres.mode "cnpg" -}}
trackline_{{ .db }}
{{- else -}}
{{ (index .root.Values.postgres.external.databases .db).name }}
{{- end }}
{{- end }}

{{/* Database user of a service (argument: dict "root" $ "db" "order"). */}}
{{- define "trackline.dbUser" -}}
{{- if eq .root.Values.postgres.mode "cnpg" -}}
trackline_{{ .db }}
{{- else -}}
{{ (index .root.Values.postgres.external.databases .db).user }}
{{- end }}
{{- end }}

{{/* JDBC URL of a service's database (no query string: the service appends its own). */}}
{{- define "trackline.dbUrl" -}}
{{- if eq .root.Values.postgres.mode "cnpg" -}}
jdbc:postgresql://{{ .root.Values.postgres.cnpg.clusterName }}-rw:5432/trackline_{{ .db }}
{{- else -}}
jdbc:postgresql://{{ .root.Values.postgres.external.host }}:{{ .root.Values.postgres.external.port }}/{{ include "trackline.dbName" . }}
{{- end }}
{{- end }}

{{/* A required secret value (argument: dict "value" v "key" "secrets.x"): the chart makes up no secret, so that an
     upgrade never changes one behind the operator's back. */}}
{{- define "trackline.requiredSecret" -}}
{{ required (printf "%s is required when secrets.create is true (or set secrets.create=false and create the Secrets yourself: docs/deploy.md)" .key) .value }}
{{- end }}
