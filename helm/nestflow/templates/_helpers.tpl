{{/* Chart name, overridable with nameOverride. */}}
{{- define "nestflow.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped name, overridable with fullnameOverride. */}}
{{- define "nestflow.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "nestflow.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "nestflow.labels" -}}
helm.sh/chart: {{ include "nestflow.chart" . }}
{{ include "nestflow.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "nestflow.selectorLabels" -}}
app.kubernetes.io/name: {{ include "nestflow.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Selector labels of one component: "api" or "worker". Usage: include "nestflow.componentSelectorLabels" (list . "api") */}}
{{- define "nestflow.componentSelectorLabels" -}}
{{ include "nestflow.selectorLabels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "nestflow.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "nestflow.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret every pod reads its secret variables from. */}}
{{- define "nestflow.secretName" -}}
{{- default (include "nestflow.fullname" .) .Values.existingSecret }}
{{- end }}

{{- define "nestflow.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Role of the HTTP pods: "api" when workers take the jobs, "both" when they run them too. */}}
{{- define "nestflow.apiRole" -}}
{{- if .Values.worker.enabled }}api{{ else }}both{{ end }}
{{- end }}

{{/* Above the shutdown grace (plus the preStop pause), so running jobs finish before SIGKILL. */}}
{{- define "nestflow.terminationGracePeriodSeconds" -}}
{{- add .Values.shutdown.graceSeconds .Values.api.preStopSleepSeconds .Values.shutdown.extraSeconds }}
{{- end }}

{{/* Volumes shared by API and worker pods: the config dir and a writable /tmp (read-only root). */}}
{{- define "nestflow.volumes" -}}
- name: data
{{- if .Values.persistence.enabled }}
  persistentVolumeClaim:
    claimName: {{ default (printf "%s-data" (include "nestflow.fullname" .)) .Values.persistence.existingClaim }}
{{- else }}
  emptyDir: {}
{{- end }}
- name: tmp
  emptyDir: {}
{{- end }}

{{- define "nestflow.volumeMounts" -}}
- name: data
  mountPath: /app/data
- name: tmp
  mountPath: /tmp
{{- end }}

{{/* envFrom shared by API and worker pods: the same ConfigMap and the same Secret. */}}
{{- define "nestflow.envFrom" -}}
- configMapRef:
    name: {{ include "nestflow.fullname" . }}
- secretRef:
    name: {{ include "nestflow.secretName" . }}
{{- end }}

{{/* Stops the install with a message when required values are missing. */}}
{{- define "nestflow.validate" -}}
{{- if not .Values.existingSecret }}
{{- if lt (len (toString .Values.secretKey)) 16 }}
{{- fail "secretKey: set LANGFLOW_SECRET_KEY (at least 16 characters, e.g. openssl rand -hex 32) or use existingSecret" }}
{{- end }}
{{- if not .Values.database.url }}
{{- fail "database.url: set the URL of an external Postgres (postgresql://user:password@host:5432/db) or use existingSecret" }}
{{- end }}
{{- if and (not .Values.redis.url) (or .Values.worker.enabled .Values.api.autoscaling.enabled (gt (int .Values.api.replicaCount) 1)) }}
{{- fail "redis.url: workers and several API pods share jobs through Redis; set redis.url (redis://host:6379/0) or use existingSecret" }}
{{- end }}
{{- if not .Values.superuser.password }}
{{- fail "superuser.password: set the password of the superuser (auto-login is off) or use existingSecret" }}
{{- end }}
{{- end }}
{{- if and (eq .Values.storage.type "s3") (not .Values.storage.s3.bucket) }}
{{- fail "storage.s3.bucket: set the bucket for uploaded files, or storage.type=local with persistence.enabled" }}
{{- end }}
{{- if not (has .Values.storage.type (list "s3" "local")) }}
{{- fail "storage.type: expected s3 or local" }}
{{- end }}
{{- end }}
