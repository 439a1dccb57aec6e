"""ingest/pdf"""
