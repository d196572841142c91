"""The Streamlit side: the frame every page shares (sidebar filters, banners) and rendering helpers."""
