"""A real Open311 client against Aduan: the `georeport` package from PyPI (pinned in
scripts/test) lists the services and reads the service requests in JSON and in XML.

    georeport_client.py BASE_URL TRACKING_ID

prints one JSON object: for each format, the service codes, the ids `get_service_requests`
finds, and the id, status and service code `get_service_request` reads for TRACKING_ID.
"""

import json
import sys

from georeport import GeoReport


def as_list(found):
    # xmltodict gives a dict for a single element and a list for several.
    if isinstance(found, dict):
        return [found]
    return list(found or [])


def main():
    base, tracking_id = sys.argv[1], sys.argv[2]
    out = {}
    for fmt in ("json", "xml"):
        client = GeoReport(f"{base}/open311/v2", output_format=fmt)
        services = as_list(client.get_service_list())
        requests = as_list(client.get_service_requests(status="open"))
        by_id = as_list(client.get_service_requests(service_request_id=tracking_id))
        one = client.get_service_request(tracking_id)
        out[fmt] = {
            "service_codes": [s["service_code"] for s in services],
            "request_ids": [r["service_request_id"] for r in requests],
            "by_id": [r["service_request_id"] for r in by_id],
            "one": {k: one[k] for k in ("service_request_id", "status", "service_code")},
        }
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
